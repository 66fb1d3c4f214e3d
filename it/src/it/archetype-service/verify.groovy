// Checks the two builds of invoker.properties: the archetype created the service, and the
// service built with verify, its tests passed and its main ran against the embedded broker.
// (Every assert has a message: Groovy would otherwise print the whole build log.)
def project = new File(basedir, 'task-service')
['pom.xml', 'README.md', 'src/main/proto/tasks.proto',
 'src/main/java/com/example/tasks/TaskService.java',
 'src/test/java/com/example/tasks/TaskServiceTest.java',
 'src/main/resources/simplelogger.properties'].each { path ->
  assert new File(project, path).isFile() : "the archetype did not create ${path}"
}
def pom = new File(project, 'pom.xml').getText('UTF-8')
assert pom.contains('<protoevents.version>') && !pom.contains('@project.version@') :
    'the generated pom does not name the protoevents version'
assert !pom.contains('${package}') : 'the generated pom was not filtered'
assert new File(project, 'target/classes/com/example/tasks/TaskPublisher.class').isFile() :
    'the event API was not generated and compiled'

def logs = [new File(basedir, 'build.log'), new File(project, 'build.log')]
    .findAll { it.isFile() }.collect { it.getText('UTF-8') }.join('\n')
def summaries = (logs =~ /(?m)Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$/)
    .collect { it }
assert summaries.size() == 1 : "expected one test summary, found ${summaries.size()}"
def (all, run, failures, errors, skipped) = summaries[0]
assert run == '2' && failures == '0' && errors == '0' && skipped == '0' :
    "the generated tests did not all pass: ${all}"
// the main's last lines: the view shows the completed task
assert logs.contains('task-1: Write the first event (done)') : 'the main did not run to its end'
assert !logs.contains('SLF4J(W)') : 'SLF4J warned (no binding?)'
assert logs.count('BUILD SUCCESS') == 2 : 'a build failed'
return true
