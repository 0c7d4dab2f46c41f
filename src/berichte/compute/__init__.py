"""berichte.compute"""
