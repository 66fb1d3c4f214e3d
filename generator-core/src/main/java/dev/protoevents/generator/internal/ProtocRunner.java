package dev.protoevents.generator.internal;

import dev.protoevents.generator.Diagnostic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs protoc with an argument file and turns its error output into diagnostics. */
public final class ProtocRunner {
  private static final Pattern POSITIONED = Pattern.compile("^(.+?\\.proto):(\\d+):(\\d+): (.*)$");
  private static final Pattern FILE_ONLY = Pattern.compile("^(.+?\\.proto): (.*)$");

  /** What protoc said: its exit code and everything it printed to standard error. */
  public record Result(int exitCode, String errors) {}

  private ProtocRunner() {}

  /**
   * Runs {@code protoc @argFile} after writing {@code args} to {@code argFile}, one per line, so
   * long file lists do not hit command-line limits.
   */
  public static Result run(Path protoc, List<String> args, Path argFile)
      throws IOException, InterruptedException {
    Files.createDirectories(argFile.getParent());
    Files.write(argFile, args, StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(protoc.toString(), "@" + argFile)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    Thread drain = new Thread(() -> copy(process.getErrorStream(), errors), "protoc-stderr");
    drain.start();
    int exit = process.waitFor();
    drain.join();
    return new Result(exit, errors.toString(StandardCharsets.UTF_8));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The errors in protoc's output as diagnostics, each tagged by kind: {@code syntax-error}, {@code
   * unknown-import} or {@code protoc-error}. Warnings are left out.
   */
  public static List<Diagnostic> diagnostics(String errors, Function<String, String> displayPath) {
    List<Diagnostic> out = new ArrayList<>();
    for (String line : errors.split("\\R")) {
      line = line.strip();
      if (line.isEmpty() || line.contains("warning:")) {
        continue;
      }
      Matcher positioned = POSITIONED.matcher(line);
      Matcher fileOnly = FILE_ONLY.matcher(line);
      if (positioned.matches()) {
        String message = positioned.group(4);
        out.add(
            new Diagnostic(
                tag(message),
                displayPath.apply(positioned.group(1)),
                Integer.parseInt(positioned.group(2)),
                Integer.parseInt(positioned.group(3)),
                "",
                message,
                fix(message)));
      } else if (fileOnly.matches()) {
        String message = fileOnly.group(2);
        out.add(
            new Diagnostic(
                tag(message),
                displayPath.apply(fileOnly.group(1)),
                0,
                0,
                "",
                message,
                fix(message)));
      } else {
        out.add(new Diagnostic("protoc-error", "protoc", 0, 0, "", line, ""));
      }
    }
    if (out.isEmpty()) {
      out.add(
          new Diagnostic(
              "protoc-error", "protoc", 0, 0, "", "protoc failed without a message.", ""));
    }
    return out;
  }

  private static String tag(String message) {
    if (message.contains("not found") || message.contains("File not found")) {
      return "unknown-import";
    }
    if (message.startsWith("Expected")
        || message.contains("Unexpected")
        || message.startsWith("Missing")
        || message.contains("syntax")
        || message.contains("Unmatched")
        || message.contains("Invalid")) {
      return "syntax-error";
    }
    return "protoc-error";
  }

  private static String fix(String message) {
    if (message.contains("not found")) {
      return "check the import path: it is relative to the proto source directory or an import directory.";
    }
    return "";
  }
}
