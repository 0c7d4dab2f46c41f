"""berichte.load"""
