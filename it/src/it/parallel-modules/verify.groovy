// Both builds ran with -T 4; each module generated once and was up to date the second time.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
def log = new File(basedir, 'build.log').getText('UTF-8')
def starts = (log =~ /(\d{17}) \[INFO\] Scanning for projects/).collect { it }
assert starts.size() == 2 : "expected two builds in build.log, found ${starts.size()}"
def first = log.substring(0, log.indexOf(starts[1][0]))
def second = log.substring(log.indexOf(starts[1][0]))
assert first.contains('MultiThreadedBuilder') || first.contains('thread count: 4') :
    'the first build was not parallel'
assert first.count('protoevents: generating sources from 1 .proto files (no previous run)') == 3 :
    'the first build did not generate in all three modules'
assert second.count('protoevents: generated sources are up to date (1 .proto files)') == 3 :
    'the second build did not find all three modules up to date'
assert second.contains('BUILD SUCCESS') : 'the second build failed'
[['orders', 'Order'], ['customers', 'Customer'], ['invoices', 'Invoice']].each { m, name ->
  assert new File(basedir, "${m}/target/classes/dev/protoevents/samples/${m}/${name}Publisher.class").isFile() :
      "${name}Publisher was not compiled in ${m}"
}
return true
