package io.qbsync.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A small immutable XML element tree used for qbXML requests, stored record fields and Ret output.
 * Order and repetition of children are kept. A node with children has {@code text == null}; a leaf has a
 * (possibly empty) text.
 */
public record QbNode(String name, Map<String, String> attributes, String text, List<QbNode> children) {

	public QbNode {
		attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes == null ? Map.of() : attributes));
		children = List.copyOf(children == null ? List.of() : children);
		if (!children.isEmpty()) {
			text = null;
		}
		else if (text == null) {
			text = "";
		}
	}

	public static QbNode leaf(String name, String text) {
		return new QbNode(name, Map.of(), text, List.of());
	}

	public static QbNode element(String name, List<QbNode> children) {
		return new QbNode(name, Map.of(), null, children);
	}

	public static QbNode element(String name, QbNode... children) {
		return element(name, List.of(children));
	}

	/** Parses a whole document (securely) and returns its root element as a tree. */
	public static QbNode parse(String xml) throws SAXException {
		return of(SafeXml.parse(xml).getDocumentElement());
	}

	/** Converts a DOM element; whitespace between child elements is dropped, leaf text is kept as is. */
	public static QbNode of(Element e) {
		Map<String, String> attrs = new LinkedHashMap<>();
		NamedNodeMap map = e.getAttributes();
		for (int i = 0; i < map.getLength(); i++) {
			Attr a = (Attr) map.item(i);
			if (!a.getName().startsWith("xmlns")) {
				attrs.put(a.getName(), a.getValue());
			}
		}
		List<QbNode> kids = new ArrayList<>();
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element child) {
				kids.add(of(child));
			}
		}
		String name = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
		return new QbNode(name, attrs, kids.isEmpty() ? SafeXml.textOf(e) : null, kids);
	}

	public boolean isLeaf() {
		return children.isEmpty();
	}

	public String attribute(String attributeName) {
		return attributes.get(attributeName);
	}

	public Optional<QbNode> child(String childName) {
		for (QbNode c : children) {
			if (c.name.equals(childName)) {
				return Optional.of(c);
			}
		}
		return Optional.empty();
	}

	public List<QbNode> children(String childName) {
		return children.stream().filter(c -> c.name.equals(childName)).toList();
	}

	public boolean has(String childName) {
		return child(childName).isPresent();
	}

	/** Text at a slash-separated path of first matching children, e.g. {@code "CustomerRef/ListID"}; null if absent. */
	public String text(String path) {
		QbNode n = this;
		for (String step : path.split("/")) {
			n = n.child(step).orElse(null);
			if (n == null) {
				return null;
			}
		}
		return n.isLeaf() ? n.text : null;
	}

	/** Texts of all direct children with this name. */
	public List<String> texts(String childName) {
		return children(childName).stream().map(QbNode::text).toList();
	}

	/** Replaces the first child with that name by a leaf (or appends one). */
	public QbNode with(String childName, String value) {
		return with(leaf(childName, value));
	}

	/** Replaces the first child with the node's name (or appends the node). */
	public QbNode with(QbNode node) {
		List<QbNode> kids = new ArrayList<>(children);
		for (int i = 0; i < kids.size(); i++) {
			if (kids.get(i).name.equals(node.name)) {
				kids.set(i, node);
				return withChildren(kids);
			}
		}
		kids.add(node);
		return withChildren(kids);
	}

	public QbNode withChildren(List<QbNode> kids) {
		return new QbNode(name, attributes, kids.isEmpty() ? "" : null, kids);
	}

	public QbNode withName(String newName) {
		return new QbNode(newName, attributes, text, children);
	}

	public QbNode withAttribute(String key, String value) {
		Map<String, String> a = new LinkedHashMap<>(attributes);
		if (value == null) {
			a.remove(key);
		}
		else {
			a.put(key, value);
		}
		return new QbNode(name, a, text, children);
	}

	/** A copy without the direct children having any of these names. */
	public QbNode without(String... childNames) {
		Set<String> drop = Set.of(childNames);
		return withChildren(children.stream().filter(c -> !drop.contains(c.name)).toList());
	}

	public String toXml() {
		StringBuilder sb = new StringBuilder();
		appendXml(sb);
		return sb.toString();
	}

	public void appendXml(StringBuilder sb) {
		sb.append('<').append(name);
		attributes.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(SafeXml.escapeAttribute(v)).append('"'));
		if (children.isEmpty() && text.isEmpty()) {
			sb.append(" />");
			return;
		}
		sb.append('>');
		if (children.isEmpty()) {
			sb.append(SafeXml.escapeText(text));
		}
		else {
			for (QbNode c : children) {
				c.appendXml(sb);
			}
		}
		sb.append("</").append(name).append('>');
	}

	@Override
	public String toString() {
		return toXml();
	}
}
