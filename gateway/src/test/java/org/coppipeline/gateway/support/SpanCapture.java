package org.coppipeline.gateway.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/** Tests read the finished spans here: Quarkus exports to every SpanExporter bean (the OTLP one is off in tests). */
@ApplicationScoped
public class SpanCapture {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
