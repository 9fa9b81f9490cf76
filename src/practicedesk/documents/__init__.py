"""PDF documents rendered with reportlab: forms, packets, day sheets, the Emergency Kit.

Pure rendering: callers pass plain values in and get bytes or a file out. No database here.
"""
