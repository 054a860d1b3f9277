package io.qbsync.qbxml.request;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Where a request's elements go: into a StAX writer, or nowhere (the checks of a request without the request). */
interface XmlSink {

	/** Nowhere: the checks of a request without the request. */
	XmlSink NOWHERE = new XmlSink() {
	};

	default void start(String name) {
	}

	default void attribute(String name, String value) {
	}

	default void text(String text) {
	}

	default void end() {
	}

	default void element(String name, String text) {
		start(name);
		text(text);
		end();
	}

	/** Into a StAX writer. */
	record Stax(XMLStreamWriter writer) implements XmlSink {

		@Override
		public void start(String name) {
			run(() -> this.writer.writeStartElement(name));
		}

		@Override
		public void attribute(String name, String value) {
			run(() -> this.writer.writeAttribute(name, value));
		}

		@Override
		public void text(String text) {
			run(() -> this.writer.writeCharacters(text));
		}

		@Override
		public void end() {
			run(this.writer::writeEndElement);
		}

		private static void run(Step step) {
			try {
				step.run();
			}
			catch (XMLStreamException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@FunctionalInterface
		private interface Step {

			void run() throws XMLStreamException;

		}

	}

}
