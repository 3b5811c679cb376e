// Test helper: parses SVG text with Foundation's XMLParser and records every element with its attributes.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of a well-formed XML document, in document order.
final class SVGInspector: NSObject, XMLParserDelegate {
    struct Element { let name: String; let attributes: [String: String] }
    private(set) var elements: [Element] = []
    private(set) var text = ""

    /// Parses `svg`; returns `nil` (and reports the parser error) if it is not well-formed XML.
    static func parse(_ svg: String) -> SVGInspector? {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        guard parser.parse() else {
            print("XML error: \(String(describing: parser.parserError)) at line \(parser.lineNumber)")
            return nil
        }
        return inspector
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append(Element(name: elementName, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        text += "|"
    }

    /// Elements with this tag whose `class` attribute contains every word of `classes`.
    func elements(_ name: String, class classes: String = "") -> [Element] {
        let wanted = classes.split(separator: " ").map(String.init)
        return elements.filter { e in
            let have = (e.attributes["class"] ?? "").split(separator: " ").map(String.init)
            return e.name == name && wanted.allSatisfy(have.contains)
        }
    }

    /// Writes `svg` to `$STRATA_SVG_DIR/name` when that variable is set (for looking at the output).
    static func save(_ svg: String, as name: String) {
        guard let dir = ProcessInfo.processInfo.environment["STRATA_SVG_DIR"] else { return }
        try? svg.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }
}
