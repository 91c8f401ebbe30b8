"""The norms of Circular 04/2022/TT-BKHCN as a Frictionless data package."""
