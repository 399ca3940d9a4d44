"""Reports and everything read back: report data, terminal views, answers in words,
Markdown and HTML rendering, SVG charts."""
