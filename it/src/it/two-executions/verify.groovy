// Each execution keeps its own state (target/protoevents/<execution id>): the second build finds
// both up to date, and both executions' classes were generated and compiled side by side.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
def log = new File(basedir, 'build.log').getText('UTF-8')
def starts = (log =~ /(\d{17}) \[INFO\] Scanning for projects/).collect { it }
assert starts.size() == 2 : "expected two builds in build.log, found ${starts.size()}"
def second = log.substring(log.indexOf(starts[1][0]))
def first = log.substring(0, log.indexOf(starts[1][0]))
assert first.count('protoevents: generating sources from 1 .proto files (no previous run)') == 2 :
    'the first build did not run both executions'
assert second.count('protoevents: generated sources are up to date (1 .proto files)') == 2 :
    'the second build did not find both executions up to date'
assert !second.contains('protoevents: generating') : 'the second build generated again'
assert second.contains('BUILD SUCCESS') : 'the second build failed'
['orders', 'customers'].each { id ->
  assert new File(basedir, "target/protoevents/${id}/inputs.sha256").isFile() : "no state of ${id}"
}
['orders/OrderPublisher', 'customers/CustomerPublisher'].each { name ->
  assert new File(basedir, "target/classes/dev/protoevents/samples/${name}.class").isFile() :
      "${name} was not compiled"
}
return true
