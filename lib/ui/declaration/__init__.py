"""The public declaration page's parts: one person's fields, the address, the codes and the data rights."""
