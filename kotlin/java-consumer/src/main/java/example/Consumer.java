package example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.maestrano.Config;
import com.maestrano.ConfigException;
import com.maestrano.MaestranoException;
import com.maestrano.ReplayCache;
import com.maestrano.SamlException;
import com.maestrano.Sso;
import com.maestrano.SsoResult;
import com.maestrano.Web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

/**
 * A plain Java consumer of the Maestrano jar (no Kotlin source, no system property): loads a
 * configuration, validates a signed SAML response from a shared test vector at the vector's
 * fixed time, refuses its replay and a tampered copy with typed exceptions, and prints the NameID.
 *
 * <p>Usage: {@code java -cp maestrano.jar:<its dependencies>:. example.Consumer <vector.json>}.
 * Reads the vector with Jackson (a dependency of the SDK, on the classpath already; an app would
 * declare its own). Exits non-zero on any unexpected outcome.
 */
public final class Consumer {
    private Consumer() {}

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("java consumer: " + what);
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jna.library.path") != null) {
            throw new IllegalStateException("run without jna.library.path: the jar carries the native library");
        }
        JsonNode vector = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        String configJson = vector.get("config").toString();
        String samlResponse = vector.get("input").get("saml_response").textValue();
        Instant now = Instant.parse(vector.get("input").get("now").textValue());
        String expectedNameId = vector.get("expect").get("ok").get("name_id").textValue();

        try (Config config = Config.fromJson(configJson); ReplayCache replay = ReplayCache.inMemory()) {
            // The fixed entry point: (Config, String, Instant, String requestIdOrNull).
            SsoResult result = Sso.validateResponse(config, samlResponse, now, (String) null);
            expect(expectedNameId.equals(result.getNameId()), "nameId " + result.getNameId());
            replay.check(config, result, now);
            System.out.println("java consumer: nameId=" + result.getNameId() + " user=" + result.getUser().getUid()
                + " group=" + result.getGroup().getUid() + " email=" + result.getUser().getInfo().getEmail());

            // The same assertion again: refused by the replay cache.
            try {
                replay.check(config, result, now);
                throw new AssertionError("java consumer: a replay was accepted");
            } catch (SamlException e) {
                expect("replayed".equals(e.getKind()), "replay kind " + e.getKind());
            }

            // One byte of the signed XML changed: a typed exception with the precise kind.
            String xml = new String(Base64.getMimeDecoder().decode(samlResponse), StandardCharsets.UTF_8);
            String forged = xml.replace(">" + expectedNameId + "<", ">" + expectedNameId + "x<");
            expect(!forged.equals(xml), "the NameID was not found to tamper with");
            try {
                Sso.validateResponse(config, Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)), now, null);
                throw new AssertionError("java consumer: a tampered response was accepted");
            } catch (MaestranoException e) {
                expect(e instanceof SamlException, "tampered: " + e.getClass().getName());
                expect("digest_mismatch".equals(e.getKind()), "tampered kind " + e.getKind());
                expect(Web.statusFor(e) == 403, "tampered status " + Web.statusFor(e));
                System.out.println("java consumer: tampered response refused: " + e.getKind() + " (HTTP " + Web.statusFor(e) + ")");
            }

            // The two-argument overload checks at the current time: this vector's assertion is long expired.
            try {
                Sso.validateResponse(config, samlResponse);
                throw new AssertionError("java consumer: an expired response was accepted");
            } catch (SamlException e) {
                expect(e.getKind().equals("expired") || e.getKind().equals("not_yet_valid"), "clock kind " + e.getKind());
            }
        }

        try {
            Config.fromJson("{\"sso\": {\"creation_mode\": \"ghost\"}}");
            throw new AssertionError("java consumer: an invalid config was accepted");
        } catch (ConfigException e) {
            expect("config_invalid".equals(e.getKind()), "config kind " + e.getKind());
            System.out.println("java consumer: invalid config refused: " + e.getKind());
        }
    }
}
