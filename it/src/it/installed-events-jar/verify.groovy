// A project outside the reactor imports a .proto from an installed jar and reuses its classes.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS') : 'the build failed'
def target = new File(basedir, 'target')
assert new File(target, 'protoevents/dependency-protos/shop/events/order.proto').isFile() :
    'the imported proto was not extracted from the jar'
assert new File(target, 'classes/dev/protoevents/samples/billing/InvoicePublisher.class').isFile() : 'no InvoicePublisher'
assert new File(target, 'classes/dev/protoevents/samples/billing/Billing.class').isFile() : 'Billing did not compile'
assert !new File(target, 'generated-sources/protobuf/dev/protoevents/samples/events').exists() :
    'message classes were generated for the imported file'
assert !new File(target, 'generated-sources/protoevents/dev/protoevents/samples/events').exists() :
    'event APIs were generated for the imported file'
return true
