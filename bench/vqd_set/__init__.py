"""The video patrol checks' evaluation set: real photographs as real fixed cameras see them."""
