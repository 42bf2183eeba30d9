"""``qms print-agent``: prints a kiosk's slips on the kiosk PC's own printer.

The kiosk's printer is set to ``agent://`` on the server. The agent opens one outgoing
Socket.IO connection with the kiosk's token, takes the slips the server's spooler has
already rendered, one at a time and in order, sends each to the local printer and
acknowledges it afterwards. It imports only the ``printers`` package and the Socket.IO
client: none of the server (Flask, SQLAlchemy, eventlet) is loaded on the kiosk PC.
"""
