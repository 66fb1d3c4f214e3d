package dev.protoevents.runtime.offsets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs Kafka's own {@code kafka-consumer-groups --describe} (the class behind the shell script) in
 * a child JVM on the test classpath and parses its table, so tests compare our offsets with what
 * Kafka itself reports.
 */
final class KafkaConsumerGroupsTool {

  private static final String MAIN = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** One row of the table: CURRENT-OFFSET ("-" = none), LOG-END-OFFSET, LAG ("-" = none). */
  record Row(OptionalLong currentOffset, long logEndOffset, OptionalLong lag) {}

  private KafkaConsumerGroupsTool() {}

  /** The rows of {@code --describe --group group}, by partition. */
  static Map<TopicPartition, Row> describe(String bootstrapServers, String group)
      throws IOException, InterruptedException {
    String output =
        run("--bootstrap-server", bootstrapServers, "--describe", "--group", group, "--offsets");
    List<String> lines = output.lines().toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith("GROUP") && lines.get(i).contains("CURRENT-OFFSET")) {
        header = i;
        break;
      }
    }
    if (header < 0) {
      throw new AssertionError("kafka-consumer-groups printed no offsets table:\n" + output);
    }
    List<String> columns = Arrays.asList(lines.get(header).trim().split("\\s+"));
    int topic = columns.indexOf("TOPIC");
    int partition = columns.indexOf("PARTITION");
    int current = columns.indexOf("CURRENT-OFFSET");
    int end = columns.indexOf("LOG-END-OFFSET");
    int lag = columns.indexOf("LAG");
    Map<TopicPartition, Row> rows = new TreeMap<>(Partitions.ORDER);
    for (String line : lines.subList(header + 1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      if (cells.length < columns.size() || !cells[0].equals(group)) {
        continue;
      }
      rows.put(
          new TopicPartition(cells[topic], Integer.parseInt(cells[partition])),
          new Row(number(cells[current]), Long.parseLong(cells[end]), number(cells[lag])));
    }
    return rows;
  }

  /** The committed offsets the tool reports, by partition (partitions without one: absent). */
  static Map<TopicPartition, Long> committed(String bootstrapServers, String group)
      throws IOException, InterruptedException {
    Map<TopicPartition, Long> committed = new HashMap<>();
    describe(bootstrapServers, group)
        .forEach(
            (partition, row) ->
                row.currentOffset().ifPresent(offset -> committed.put(partition, offset)));
    return committed;
  }

  private static OptionalLong number(String cell) {
    return cell.equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(cell));
  }

  private static String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN);
    command.addAll(List.of(args));
    Path output = Files.createTempFile("kafka-consumer-groups-", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kafka-consumer-groups did not finish within " + TIMEOUT);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "kafka-consumer-groups exited with " + process.exitValue() + ":\n" + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
