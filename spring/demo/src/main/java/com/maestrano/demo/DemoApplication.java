package com.maestrano.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot app signed in through Maestrano: the starter on the classpath and the
 * {@code maestrano.*} properties (application.properties reads the developer platform's
 * {@code MNO_DEVPL_*} variables) are all it takes.
 */
@SpringBootApplication
public class DemoApplication {
    /**
     * Starts the app.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
