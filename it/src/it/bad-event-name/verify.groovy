// The build failed on the .proto input (not on an internal error), naming file, line and rule,
// and wrote no event API.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD FAILURE') : 'the build did not fail'
assert (log =~ /order\.proto:\d+/).find() : 'the error names no order.proto:<line>'
assert log.contains('[protoevents:event-not-past-tense]') : 'the error has no rule tag'
assert log.contains('CreateOrder') : 'the error does not name the message'
// bad input is a MojoFailureException (BUILD FAILURE), not a MojoExecutionException (BUILD ERROR)
assert log.contains('MojoFailureException') : 'the failure was not reported as bad input'
assert !log.contains('MojoExecutionException') : 'reported as an unexpected error, not bad input'
assert !new File(basedir, 'target/generated-sources/protoevents').exists() :
    'event sources were written although the build failed'
return true
