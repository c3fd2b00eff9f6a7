"""Built-in plugin ``bund``: federal law that holds in every Land (GWB, OZG). Knows no Land."""
