// The first build generated both outputs; the second (from the broken .proto) failed on the naming
// rule and left both output directories exactly as the first build wrote them.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
import java.text.SimpleDateFormat

def log = new File(basedir, 'build.log').getText('UTF-8')
def starts = (log =~ /(\d{17}) \[INFO\] Scanning for projects/).collect { it }
assert starts.size() == 2 : "expected two builds in build.log, found ${starts.size()}"
def secondStart = log.indexOf(starts[1][0])
def first = log.substring(0, secondStart)
def second = log.substring(secondStart)
long secondStartedAt = new SimpleDateFormat('yyyyMMddHHmmssSSS').parse(starts[1][1]).time

assert first.contains('protoevents: generating sources from 1 .proto files (no previous run)') :
    'the first build did not generate'
assert first.contains('BUILD SUCCESS') : 'the first build failed'

// The second build tried (its input changed), and failed on the rule, as bad input
assert second.contains('protoevents: generating sources from 1 .proto files') :
    'the second build did not try to generate'
assert second.contains('[protoevents:event-not-past-tense]') : 'the second build failed for another reason'
assert second.contains('ShipOrder') : 'the error does not name the message'
assert second.contains('BUILD FAILURE') : 'the second build did not fail'

def events = new File(basedir, 'target/generated-sources/protoevents')
def messages = new File(basedir, 'target/generated-sources/protobuf')
def pkg = 'dev/protoevents/samples/shop'
def files = { File root -> (root.listFiles() ? new File(root, pkg).listFiles()*.name.sort() : []) }

// Both directories hold exactly what the first build wrote ...
assert files(events) == ['OrderEmitter.java', 'OrderEvent.java', 'OrderHandler.java',
    'OrderProcessor.java', 'OrderPublisher.java', 'OrderRestoreHandler.java',
    'OrderSubscriber.java', 'OrderTopic.java', 'OrderView.java'] :
    "event APIs changed: ${files(events)}"
assert files(messages).contains('Order.java') && files(messages).contains('OrderShipped.java') :
    "previous message classes missing: ${files(messages)}"
assert !files(messages).any { it.startsWith('Invoice') || it.startsWith('ShipOrder') } :
    "message classes of the failed build were installed: ${files(messages)}"
assert !new File(messages, "${pkg}/Order.java").getText('UTF-8').contains('getNote') :
    'Order.java is the broken build\'s version'
// ... untouched since the second build started
[events, messages].each { root ->
  new File(root, pkg).listFiles().each { file ->
    assert file.lastModified() < secondStartedAt : "${file} was rewritten by the failed build"
  }
}
return true
