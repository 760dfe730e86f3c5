package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} snippet in docs/embedding.md compiles against the real API: each becomes the body
 * of {@code snippet()} in a subclass of {@link DocScaffold} (which declares the host's own objects) and
 * is compiled with the JDK's compiler on the test class path. A snippet may be excluded only with
 * {@code <!-- snippet: skip (reason) -->} on the line before it.
 */
class DocSnippetsCompileTest {
    private static final String IMPORTS = String.join("\n",
            "import io.netty.buffer.*;",
            "import java.io.IOException;",
            "import java.net.*;",
            "import java.time.Duration;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import org.lightwayj.codec.*;",
            "import org.lightwayj.codec.fec.*;",
            "import org.lightwayj.core.connection.*;",
            "import org.lightwayj.core.tls.*;",
            "import org.lightwayj.core.*;");

    private record Snippet(int line, String marker, String code) {
    }

    @Test
    void everyEmbeddingSnippetCompiles() throws IOException {
        Path doc = findDocs().resolve("embedding.md");
        List<Snippet> snippets = extract(Files.readString(doc));
        assertTrue(snippets.size() >= 6, "found only " + snippets.size() + " snippets in " + doc);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        List<JavaFileObject> units = new ArrayList<>();
        int compiled = 0;
        for (Snippet s : snippets) {
            if (s.marker() != null && s.marker().startsWith("skip")) {
                continue;
            }
            String name = "Snippet_L" + s.line();
            String src = "package org.lightwayj.examples.docsnippets;\n" + IMPORTS + "\n"
                    + "@SuppressWarnings(\"all\") abstract class " + name + " extends org.lightwayj.examples.DocScaffold {\n"
                    + "  protected void snippet() throws Exception {\n" + s.code() + "\n  }\n}\n";
            units.add(new Source(name, src));
            compiled++;
        }
        StringWriter diagnostics = new StringWriter();
        Path out = Files.createTempDirectory("doc-snippets");
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none",
                        "-Xlint:none", "--release", "17"),
                null, units).call();
        assertTrue(ok, () -> "docs/embedding.md snippets (named by their line in the file) do not compile:\n"
                + diagnostics);
        assertTrue(compiled >= 6, "compiled " + compiled);
    }

    /** ```java blocks with their first line number and the {@code <!-- snippet: ... -->} marker before them. */
    static List<Snippet> extract(String markdown) {
        List<Snippet> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        Pattern marker = Pattern.compile("<!--\\s*snippet:\\s*(.*?)\\s*-->");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals("```java")) {
                continue;
            }
            String m = null;
            if (i > 0) {
                Matcher mm = marker.matcher(lines[i - 1]);
                if (mm.find()) {
                    m = mm.group(1);
                }
            }
            StringBuilder code = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !lines[j].strip().equals("```"); j++) {
                code.append(lines[j]).append('\n');
            }
            out.add(new Snippet(i + 1, m, code.toString()));
            i = j;
        }
        return out;
    }

    private static Path findDocs() {
        for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/embedding.md"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/embedding.md above " + System.getProperty("user.dir"));
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String name, String code) {
            super(URI.create("string:///org/lightwayj/examples/docsnippets/" + name + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
