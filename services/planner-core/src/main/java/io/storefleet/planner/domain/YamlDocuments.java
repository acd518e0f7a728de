package io.storefleet.planner.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML parsing that keeps the 1-based line where each document (or the first error) starts. */
public final class YamlDocuments {
    private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    private static final ObjectMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** One document of a file; {@code line} is where it starts. */
    public record Document(JsonNode node, int line) {
    }

    /** The file is not valid YAML; {@code line} is 1-based, or null when the parser could not tell. */
    public static final class SyntaxError extends Exception {
        private final Integer line;

        SyntaxError(String message, Integer line) {
            super(message);
            this.line = line;
        }

        public Integer line() {
            return line;
        }
    }

    /** Every non-empty document of {@code yaml}, in file order. */
    public static List<Document> parse(byte[] yaml) throws SyntaxError {
        var documents = new ArrayList<Document>();
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            while (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = MAPPER.readTree(parser);
                if (node != null && !node.isNull() && !node.isMissingNode() && !(node.isTextual() && node.asText().isEmpty())) {
                    documents.add(new Document(node, line));
                }
            }
        } catch (JsonProcessingException e) {
            var marked = markedCause(e);
            if (marked != null) {
                throw syntaxError(marked);
            }
            var location = e.getLocation();
            Integer line = location == null || location.getLineNr() < 1 ? null : location.getLineNr();
            throw new SyntaxError(firstLine(e.getOriginalMessage()), line);
        } catch (IOException e) {
            throw new SyntaxError(e.getMessage(), null);
        }
        return documents;
    }

    /** SnakeYAML knows both where the construct started (context) and where it broke (problem); the problem is the line to fix. */
    private static SyntaxError syntaxError(MarkedYAMLException e) {
        var problem = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Integer line = problem == null ? null : problem.getLine() + 1;
        var message = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem().strip();
        if (e.getContext() != null && e.getContextMark() != null) {
            message += " (" + e.getContext().strip() + " started at line " + (e.getContextMark().getLine() + 1) + ")";
        }
        return new SyntaxError(message, line);
    }

    private static MarkedYAMLException markedCause(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid YAML";
        }
        var trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }

    private static LoaderOptions loaderOptions() {
        var options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    private YamlDocuments() {
    }
}
