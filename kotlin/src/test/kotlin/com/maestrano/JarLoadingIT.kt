package com.maestrano

import com.sun.jna.NativeLibrary
import com.sun.jna.Platform
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * Run by failsafe after `package`, against the packaged jar (on the classpath in place of
 * target/classes) and with no `jna.library.path`: the native library can only come from the jar's
 * `<platform>/` resource, which JNA extracts and loads.
 */
class JarLoadingIT {
    @Test
    fun `the native library loads from the jar with no system property`() {
        assertNull(System.getProperty("jna.library.path"), "jna.library.path must not be set here")

        val resource = "${Platform.RESOURCE_PREFIX}/${System.mapLibraryName("maestrano_ffi")}"
        val url = javaClass.classLoader.getResource(resource)
        assertNotNull(url, "no $resource on the classpath")
        assertEquals("jar", url!!.protocol, "$resource should come from the jar: $url")
        System.getProperty("maestrano.jar")?.let { jar ->
            assertTrue(url.path.startsWith(File(jar).toURI().toString() + "!"), "$url is not in $jar")
        }

        // A call through the bindings (loads the library), then where JNA found it.
        assertTrue(Maestrano.version().isNotEmpty())
        assertEquals("usr-1", Maestrano.unmaskUser("usr-1.cld-2"))
        Config.fromJson("""{"environment": "production", "app": {"host": "https://myapp.example"}}""").use {
            assertEquals("production", it.environment)
        }
        val file = NativeLibrary.getInstance("maestrano_ffi").file
        System.getProperty("maestrano.native.dir")?.let { native ->
            assertFalse(file.canonicalPath.startsWith(File(native).canonicalPath), "loaded from $file, not the jar")
        }
    }
}
