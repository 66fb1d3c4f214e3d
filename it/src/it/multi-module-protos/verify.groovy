// -T 2 install of an events module (protos) and a service module importing them from it.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
import java.util.jar.JarFile

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('MultiThreadedBuilder') || log.contains('thread count: 2') : 'the build was not parallel'
assert log.contains('BUILD SUCCESS') : 'the build failed'

// The events jar ships its .proto at its import path and its descriptor set.
def jar = new JarFile(new File(basedir, 'events/target/multi-module-events-1.0.0-SNAPSHOT.jar'))
try {
  assert jar.getEntry('shop/events/order.proto') != null : 'the events jar has no shop/events/order.proto'
  assert jar.getEntry('META-INF/protoevents/descriptor-set.pb') != null : 'the events jar has no descriptor set'
  assert jar.getEntry('dev/protoevents/samples/events/OrderPublisher.class') != null : 'no OrderPublisher in the events jar'
} finally {
  jar.close()
}

// The service generated only for its own file and compiled against the events module's classes.
def service = new File(basedir, 'service/target')
assert new File(service, 'classes/dev/protoevents/samples/shipping/ShipmentPublisher.class').isFile() : 'no ShipmentPublisher'
assert new File(service, 'classes/dev/protoevents/samples/shipping/Shipping.class').isFile() : 'Shipping did not compile'
assert !new File(service, 'generated-sources/protoevents/dev/protoevents/samples/events').exists() :
    'the service generated event APIs for the imported file'
assert !new File(service, 'generated-sources/protobuf/dev/protoevents/samples/events').exists() :
    'the service generated message classes for the imported file'
assert !new File(service, 'classes/shop/events/order.proto').exists() : 'the service packed the imported proto'
assert new File(service, 'classes/shop/shipping/shipment.proto').isFile() : 'the service did not pack its own proto'
assert !new File(basedir, 'service/src/main/proto/shop/events').exists() : 'the imported proto was copied into the sources'
return true
