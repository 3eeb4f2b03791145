"""features/profile"""
