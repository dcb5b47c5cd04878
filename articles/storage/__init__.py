"""How versions are kept: bodies, texts and headers, compressed and checked."""
