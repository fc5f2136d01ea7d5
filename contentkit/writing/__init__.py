"""How a post is written: the formats a small model fills (``formats``) and the facts it
stands on (``facts``). Drafting asks for a format's fields under a schema and assembles them."""
