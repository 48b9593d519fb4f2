"""One module per rule of rules.md, each a pure function from a `Context` to a result."""
