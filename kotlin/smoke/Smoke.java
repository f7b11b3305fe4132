// The jar on its own: `java -cp maestrano-VERSION.jar:<its runtime dependencies> Smoke.java`
// (Java's single-file launcher; no build, no jna.library.path). JNA finds no libmaestrano_ffi on
// the system, extracts the one under the jar's <platform>/ folder and loads it. Run by
// scripts/dist.sh on the jar it puts in dist/.
public class Smoke {
    public static void main(String[] args) {
        if (System.getProperty("jna.library.path") != null) {
            throw new IllegalStateException("run without jna.library.path");
        }
        String version = com.maestrano.Maestrano.version();
        String uid = com.maestrano.Maestrano.unmaskUser("usr-1.cld-2");
        if (!"usr-1".equals(uid)) {
            throw new IllegalStateException("unmaskUser gave " + uid);
        }
        try (com.maestrano.Config config = com.maestrano.Config.fromJson("{\"environment\": \"production\"}")) {
            if (!"production".equals(config.getEnvironment())) {
                throw new IllegalStateException("environment " + config.getEnvironment());
            }
        }
        try {
            com.maestrano.Config.fromJson("{nope");
            throw new IllegalStateException("invalid JSON accepted");
        } catch (com.maestrano.ConfigException e) {
            if (!"config_invalid".equals(e.getKind())) {
                throw new IllegalStateException("kind " + e.getKind());
            }
        }
        String resource = com.sun.jna.Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("maestrano_ffi");
        java.net.URL url = Smoke.class.getClassLoader().getResource(resource);
        java.io.File file = com.sun.jna.NativeLibrary.getInstance("maestrano_ffi").getFile();
        System.out.println("jar smoke: native " + version + ", " + resource + " from " + url + ", loaded as " + file);
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("the library is not a resource of the jar: " + url);
        }
    }
}
