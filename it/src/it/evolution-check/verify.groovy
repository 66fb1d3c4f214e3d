// Four builds (see invoker.properties): release 1.0.0 installed with its descriptor set, a
// compatible 1.1.0-SNAPSHOT that passes, a breaking one that fails naming file, line, element and
// tag of each change, and the same one warning against the descriptor set file.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
def logs = [new File(basedir, 'build.log')] +
    ['v1', 'compatible', 'breaking'].collect { new File(basedir, "${it}/build.log") }
def log = logs.findAll { it.isFile() }.collect { it.getText('UTF-8') }.join('\n')

def jar = new java.util.jar.JarFile(new File(localRepositoryPath,
    'dev/protoevents/samples/evolution-check/1.0.0/evolution-check-1.0.0.jar'))
assert jar.getEntry('META-INF/protoevents/descriptor-set.pb') != null :
    'release 1.0.0 was not installed with its descriptor set'
jar.close()
assert log.contains('protoevents: no release of dev.protoevents.samples:evolution-check below 1.0.0') :
    'the first release did not pass with an INFO line'

assert log.contains('protoevents: checking compatibility of events with dev.protoevents.samples:evolution-check:1.0.0') :
    'the snapshot builds did not pick release 1.0.0 as the baseline'
assert log.contains('protoevents: no breaking change to events in 1 .proto files against dev.protoevents.samples:evolution-check:1.0.0') :
    'the compatible change did not pass'

def tags = ['enum-value-removed', 'partitions-changed', 'field-renumbered', 'field-type-changed',
            'field-removed', 'field-cardinality-changed', 'event-type-renamed', 'topic-renamed',
            'key-changed', 'resource-removed']
tags.each { tag ->
  def error = log.readLines().find { it.startsWith('[ERROR] ') && it.contains("[protoevents:${tag}]") }
  assert error != null : "the breaking build reported no [protoevents:${tag}] error"
  assert (error =~ /order\.proto:\d+:\d+: \[protoevents:/).find() : "no file:line:column in: ${error}"
  assert (error =~ /\] (message|field|enum value) shop\.\w+/).find() : "no element in: ${error}"
  assert error.contains(' Fix: ') : "no fix in: ${error}"
  def warning = log.readLines().find { it.startsWith('[WARNING] ') && it.contains("[protoevents:${tag}]") }
  assert warning != null : "the warning build reported no [protoevents:${tag}] warning"
  assert warning.contains('descriptor-set.pb!/shop/order.proto') || !warning.contains('!/') :
      "the warning does not name the baseline file: ${warning}"
}
assert log.contains('[ERROR] dev.protoevents.samples:evolution-check:1.0.0!/shop/order.proto:') :
    'a removal does not point at the baseline release'
assert log.contains('protoevents found 10 breaking changes to events against dev.protoevents.samples:evolution-check:1.0.0') :
    'the failure does not sum up the ten changes'
assert log.contains('MojoFailureException') : 'the failure was not reported as bad input'
assert log.contains('(failOnBreakingChange=false: the build goes on)') : 'the warning build did not go on'
assert log.count('BUILD FAILURE') == 1 : 'expected exactly one failed build'
assert log.count('BUILD SUCCESS') == 3 : 'expected three successful builds'
return true
