"""The message catalogue, one module per part of the product."""
