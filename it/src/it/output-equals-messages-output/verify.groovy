// The build refused the clashing output directories with the tag and wrote nothing.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE') : 'the build did not fail'
assert log.contains('[protoevents:output-directory-clash]') : 'the error has no tag'
assert log.contains('is also the messagesOutputDirectory') : 'the error does not say what clashes'
assert log.contains('MojoFailureException') : 'not reported as a configuration error'
assert !new File(basedir, 'target/generated-sources/shared').exists() : 'something was written'
return true
