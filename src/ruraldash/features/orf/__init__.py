"""features/orf"""
