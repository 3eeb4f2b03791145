"""ui/views"""
