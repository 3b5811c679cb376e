// The report's inline stylesheet and the small inline script that records each drawn plot's size for checks.

/// Inline CSS and script of ``RunReport`` (no external resources: the file opens offline).
enum ReportStyle {
    /// The stylesheet.
    static let css = """
    body { font-family: Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; color: #222; }
    h1 { font-size: 24px; margin: 8px 0 2px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    p.meta { color: #666; margin: 0 0 10px; font-size: 13px; }
    nav a { margin-right: 12px; font-size: 13px; color: #3182bd; text-decoration: none; }
    table { border-collapse: collapse; font-size: 12px; }
    th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    table.settings td:first-child { color: #555; }
    table.summary th { background: #f4f4f4; position: sticky; top: 0; }
    td.warn { background: #fde0dd; color: #a50f15; font-weight: bold; }
    tr.flagged td:first-child { font-weight: bold; color: #a50f15; }
    ul.warnings { background: #fff5eb; border-left: 4px solid #fd8d3c; padding: 8px 12px 8px 28px; font-size: 13px; }
    ul.warnings li { margin: 3px 0; } p.ok { background: #edf8e9; border-left: 4px solid #31a354; padding: 8px 12px; font-size: 13px; }
    figure.plot { margin: 8px 0 16px; overflow-x: auto; } figure.plot svg { max-width: 100%; height: auto; }
    figcaption { font-size: 12px; color: #555; margin-top: 4px; max-width: 900px; }
    .note { font-size: 12px; color: #666; }
    """

    /// Records, once the page is laid out, the drawn size of every plot and of its axis labels in
    /// `data-drawn` / `data-axis-labels` / `data-marks` attributes, and the page height in the body's `data-height` (read by the browser test from the DOM; the
    /// report needs no script to display).
    static let script = """
    document.body.setAttribute('data-height', String(document.documentElement.scrollHeight));
    document.querySelectorAll('figure.plot').forEach(function (f) {
      var svg = f.querySelector('svg'); if (!svg) { f.setAttribute('data-drawn', '0x0'); return; }
      var b = svg.getBBox(); f.setAttribute('data-drawn', Math.round(b.width) + 'x' + Math.round(b.height));
      var shown = 0; svg.querySelectorAll('.axis-label').forEach(function (t) { if (t.getBBox().width > 0) shown++; });
      f.setAttribute('data-axis-labels', String(shown));
      f.setAttribute('data-marks', String(svg.querySelectorAll('path,polyline,circle,line').length));
    });
    """
}
