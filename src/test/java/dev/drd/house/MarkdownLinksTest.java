package dev.drd.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link in the README and the docs leads to a file or folder of the repository. */
class MarkdownLinksTest {
  /** {@code ](target)} or {@code ](target "title")}; group 1 is the target. */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    for (String dir : List.of("docs", "runbooks", "deploy")) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        files
            .filter(f -> f.toString().endsWith(".md"))
            .filter(f -> dir.equals("deploy") ? f.endsWith("README.md") : true)
            .sorted()
            .forEach(docs::add);
      }
    }
    return docs;
  }

  @Test
  void relativeLinksLeadToFilesThatExist() throws IOException {
    List<Path> docs = documents();
    assertThat(docs).contains(Path.of("docs/how-it-works.md"), Path.of("runbooks/failover.md"));
    List<String> dangling = new ArrayList<>();
    int checked = 0;
    for (Path doc : docs) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LINK.matcher(lines.get(i));
        while (m.find()) {
          String target = m.group(1).replaceFirst("#.*", "");
          if (target.isEmpty() || target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            continue; // an anchor in the same page, or a URL (https:, mailto:)
          }
          checked++;
          Path resolved = doc.resolveSibling(target).normalize();
          if (!Files.exists(resolved)) {
            dangling.add("%s:%d: %s (no %s)".formatted(doc, i + 1, m.group(1), resolved));
          }
        }
      }
    }
    assertThat(checked).as("relative links checked").isGreaterThan(20);
    assertThat(dangling).as("links to files that do not exist").isEmpty();
  }
}
