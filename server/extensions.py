"""Extension objects created unbound and bound in the application factory."""

from flask_socketio import SocketIO

socketio = SocketIO()
