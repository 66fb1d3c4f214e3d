// Four builds (invoker.properties). A file's mtime tells in which build it was last written:
// before the start of build N means builds N and later left it alone.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
import java.text.SimpleDateFormat

def log = new File(basedir, 'build.log').getText('UTF-8')
def starts = (log =~ /(\d{17}) \[INFO\] Scanning for projects/).collect { it }
assert starts.size() == 4 : "expected four builds in build.log, found ${starts.size()}"
def builds = (0..3).collect { i ->
  log.substring(log.indexOf(starts[i][0]), i < 3 ? log.indexOf(starts[i + 1][0]) : log.length())
}
def startedAt = starts.collect { new SimpleDateFormat('yyyyMMddHHmmssSSS').parse(it[1]).time }
builds.eachWithIndex { build, i -> assert build.contains('BUILD SUCCESS') : "build ${i + 1} failed" }

def events = new File(basedir, 'target/generated-sources/protoevents/dev/protoevents/samples')
def messages = new File(basedir, 'target/generated-sources/protobuf/dev/protoevents/samples')
def orderMessage = new File(messages, 'orders/Order.java')
def orderTopic = new File(events, 'orders/OrderTopic.java')
def orderPublisher = new File(events, 'orders/OrderPublisher.java')
def customerMessage = new File(messages, 'customers/Customer.java')
def customerPublisher = new File(events, 'customers/CustomerPublisher.java')

// 1 generated everything
assert builds[0].contains('protoevents: generating sources from 2 .proto files (no previous run)') :
    'build 1 did not generate'
assert (builds[0] =~ /; (\d+) files written, 0 unchanged, 0 deleted/).find() : 'build 1 counts'

// 2 did nothing
assert builds[1].contains('protoevents: generated sources are up to date (2 .proto files)') :
    'build 2 did not find its sources up to date'
assert !builds[1].contains('protoevents: generating') : 'build 2 generated'

// 3 rewrote only what changed with Order's new field
assert builds[2].contains('protoevents: generating sources from 2 .proto files (inputs changed)') :
    'build 3 did not regenerate'
def counts3 = (builds[2] =~ /; (\d+) files written, (\d+) unchanged, 0 deleted/)
assert counts3.find() : 'build 3 reports no counts'
assert counts3.group(1).toInteger() > 0 && counts3.group(2).toInteger() > 0 :
    "build 3 wrote ${counts3.group(1)} and kept ${counts3.group(2)}"
assert orderMessage.lastModified() >= startedAt[2] : 'Order.java (changed) was not rewritten'
assert orderMessage.getText('UTF-8').contains('getQuantity') : 'Order.java lacks the new field'
[orderTopic, customerMessage, customerPublisher].each { file ->
  assert file.lastModified() < startedAt[1] : "${file} (unchanged) was rewritten after build 1"
}

// 4 deleted exactly customers.proto's files and touched nothing else
assert (builds[3] =~ /; 0 files written, (\d+) unchanged, (\d+) deleted/).find() :
    'build 4 wrote files or deleted none'
assert !customerMessage.exists() && !customerPublisher.exists() : "Customer's files are still there"
assert !new File(events, 'customers').exists() : 'the empty customers package directory is left'
assert orderTopic.lastModified() < startedAt[1] : 'OrderTopic.java was rewritten'
assert orderMessage.lastModified() < startedAt[3] : 'Order.java was rewritten by build 4'
assert orderPublisher.isFile() : 'OrderPublisher.java is gone'
return true
