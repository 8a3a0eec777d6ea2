/// Placeholder; the text tower lands here.
