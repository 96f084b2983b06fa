package io.lbctl.backend.local.api;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A small writer for AWS's XML responses, on the JDK's StAX writer (which escapes text). */
public final class Xml {
    public static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final StringWriter out = new StringWriter();
    private final XMLStreamWriter xml;

    private Xml() {
        try {
            xml = FACTORY.createXMLStreamWriter(out);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A document whose root element carries AWS's ELBv2 namespace. */
    public static Xml document(String root) {
        Xml x = new Xml();
        x.run(() -> {
            x.xml.writeStartDocument("UTF-8", "1.0");
            x.xml.writeStartElement(root);
            x.xml.writeDefaultNamespace(NAMESPACE);
        });
        return x;
    }

    public Xml start(String name) {
        run(() -> xml.writeStartElement(name));
        return this;
    }

    public Xml end() {
        run(xml::writeEndElement);
        return this;
    }

    /** {@code <name>value</name>}; nothing when value is null, as AWS omits absent members. */
    public Xml element(String name, Object value) {
        if (value != null) {
            run(() -> {
                xml.writeStartElement(name);
                xml.writeCharacters(String.valueOf(value));
                xml.writeEndElement();
            });
        }
        return this;
    }

    public String finish() {
        run(() -> {
            xml.writeEndDocument();
            xml.flush();
        });
        return out.toString();
    }

    private interface XmlStep {
        void run() throws XMLStreamException;
    }

    private void run(XmlStep step) {
        try {
            step.run();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }
}
