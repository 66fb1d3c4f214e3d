// The build refused the output directory with the tag, named the directory and wrote nothing:
// the hand-written class is byte for byte what the project ships, and it is alone.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE') : 'the build did not fail'
assert log.contains('[protoevents:output-holds-sources]') : 'the error has no tag'
assert log.contains('outputDirectory') : 'the error does not name the parameter'
assert (log =~ /src.main.java/).find() : 'the error does not name src/main/java'
assert log.contains('MojoFailureException') : 'not reported as a configuration error'
def javaRoot = new File(basedir, 'src/main/java')
def files = []
javaRoot.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
assert files.size() == 1 : "src/main/java holds ${files}"
def handWritten = new File(javaRoot, 'dev/protoevents/samples/orders/OrderRules.java')
assert handWritten.getText('UTF-8').contains('Hand-written: protoevents must never touch it.') :
    'the hand-written class changed'
assert !new File(basedir, 'target/generated-sources/protobuf').exists() : 'messages were written'
return true
