package dev.entangle.hub;

import dev.entangle.core.json.Json;
import dev.entangle.core.mutation.Identifiers;
import dev.entangle.core.protocol.ErrorCode;
import dev.entangle.hub.auth.TokenException;
import dev.entangle.hub.feature.chat.ChatFeature;
import dev.entangle.hub.feature.chat.ChatMessage;
import dev.entangle.hub.room.Room;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /rooms/{room}/chat/{name}/export?format=json|csv|txt} (docs/MULTIPLAYER.md, "Export"):
 * the whole chat, oldest first, deleted messages left out, as a download. A room this node does not
 * keep is read back from the event log. Where the hub requires tokens, one granting the room (read
 * is enough) is required, as a bearer header or {@code ?token=}.
 */
final class ChatExport {
    private static final String[] HEADER = {"n", "id", "at", "author", "name", "text", "edited", "reactions"};

    private final Hub hub;

    ChatExport(Hub hub) {
        this.hub = hub;
    }

    void export(Context ctx) throws HttpRefusal {
        String room = ctx.pathParam("room");
        String chat = ctx.pathParam("name");
        for (String[] id : new String[][] {{"room", room}, {"chat", chat}}) {
            String problem = Identifiers.problemWithId(id[1]);
            if (problem != null) {
                throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, id[0] + " " + problem);
            }
        }
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!List.of("json", "csv", "txt").contains(format)) {
            throw new HttpRefusal(400, ErrorCode.INVALID_FIELD, "format must be json, csv or txt, got '" + format + "'");
        }
        String token = ctx.queryParam("token");
        String header = ctx.header("Authorization");
        if (token == null && header != null && header.startsWith("Bearer ")) {
            token = header.substring("Bearer ".length());
        }
        try {
            hub.httpIdentity(token, room, "http", false);
        } catch (TokenException e) {
            throw HttpRefusal.of(e);
        }
        Room target = hub.openForHttp(room);
        List<ChatMessage> messages = target.pipeline().settled(() -> ChatFeature.messages(target, chat));
        String body = switch (format) {
            case "csv" -> csv(messages);
            case "txt" -> txt(messages);
            default -> json(messages);
        };
        String type = switch (format) {
            case "csv" -> "text/csv; charset=utf-8";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/json; charset=utf-8";
        };
        ctx.header("Content-Disposition", "attachment; filename=\"" + room + "-" + chat + "." + format + "\"");
        ctx.contentType(type).result(body);
    }

    static String json(List<ChatMessage> messages) {
        List<Object> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            out.add(m.toJson());
        }
        return Json.write(out);
    }

    /** RFC 4180: CRLF between records, fields quoted when they hold a comma, a quote or a line break. */
    static String csv(List<ChatMessage> messages) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            for (ChatMessage m : messages) {
                printer.printRecord(m.n(), m.id(), time(m.at()), m.author(), m.name() == null ? "" : m.name(), m.text(),
                        m.edited() == null ? "" : time(m.edited()), reactions(m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** One line per message, {@code [time] Name (author): text}; a line break in the text is kept, indented. */
    static String txt(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            out.append('[').append(time(m.at())).append("] ");
            out.append(m.name() == null ? m.author() : m.name() + " (" + m.author() + ")");
            out.append(": ").append(m.text().replaceAll("\r\n|\r|\n", "\n    ")).append('\n');
        }
        return out.toString();
    }

    /** ISO-8601 in UTC, to the second. */
    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 👍 2; 🎉 1}. */
    private static String reactions(ChatMessage m) {
        StringJoiner out = new StringJoiner("; ");
        m.reactions().forEach((emoji, who) -> out.add(emoji + " " + who.size()));
        return out.toString();
    }
}
