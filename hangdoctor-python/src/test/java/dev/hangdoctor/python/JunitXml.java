package dev.hangdoctor.python;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The test cases of a pytest junit XML file, by test name. */
final class JunitXml {
  /** One {@code <testcase>}: its properties and the text of its child elements. */
  record TestCase(String name, Map<String, String> properties, Map<String, String> children) {
    boolean passed() {
      return !children.containsKey("failure") && !children.containsKey("error");
    }

    /** The failure or error: its message attribute and text. */
    String problem() {
      return children.getOrDefault("failure", children.getOrDefault("error", ""));
    }
  }

  private JunitXml() {}

  static Map<String, TestCase> read(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(file.toFile());
    Map<String, TestCase> cases = new LinkedHashMap<>();
    NodeList testcases = document.getElementsByTagName("testcase");
    for (int i = 0; i < testcases.getLength(); i++) {
      Element testcase = (Element) testcases.item(i);
      Map<String, String> properties = new LinkedHashMap<>();
      Map<String, String> children = new LinkedHashMap<>();
      NodeList nodes = testcase.getChildNodes();
      for (int j = 0; j < nodes.getLength(); j++) {
        if (!(nodes.item(j) instanceof Element child)) {
          continue;
        }
        if (child.getTagName().equals("properties")) {
          NodeList props = child.getElementsByTagName("property");
          for (int k = 0; k < props.getLength(); k++) {
            Element prop = (Element) props.item(k);
            properties.put(prop.getAttribute("name"), prop.getAttribute("value"));
          }
        } else {
          children.merge(
              child.getTagName(),
              child.getAttribute("message") + "\n" + child.getTextContent(),
              (a, b) -> a + "\n" + b);
        }
      }
      cases.put(
          testcase.getAttribute("name"),
          new TestCase(testcase.getAttribute("name"), properties, children));
    }
    return cases;
  }
}
