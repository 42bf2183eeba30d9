"""Which network printer addresses the admin pages accept: the system's subnets only."""

import pytest

from printers.exceptions import PrinterConfigError
from printers.networks import PRIVATE_NETWORKS, parse_networks, printer_address_allowed

PRIVATE = parse_networks(PRIVATE_NETWORKS)


@pytest.mark.parametrize("uri", [
    "network://192.168.1.50:9100", "network://10.2.3.4", "network://172.16.0.9:9100",
    "preview://", "agent://", "usb://04b8:0e15", None])
def test_printers_in_the_private_ranges_or_not_on_the_network_are_allowed(uri):
    assert printer_address_allowed(uri, PRIVATE)


@pytest.mark.parametrize("uri", [
    "network://127.0.0.1:22", "network://127.0.0.1:5432", "network://169.254.169.254:80",
    "network://[::1]:9100", "network://[::ffff:127.0.0.1]:9100", "network://0.0.0.0:9100",
    "network://8.8.8.8:53", "network://172.32.0.1:9100", "network://localhost:9100",
    "network://printer.example.vn:9100", "NETWORK://127.0.0.1:6379"])
def test_loopback_link_local_public_and_named_hosts_are_refused(uri):
    assert not printer_address_allowed(uri, PRIVATE)


def test_loopback_and_link_local_stay_refused_even_when_listed():
    everything = parse_networks("0.0.0.0/0, ::/0")
    assert not printer_address_allowed("network://127.0.0.1:9100", everything)
    assert not printer_address_allowed("network://169.254.1.1:9100", everything)
    assert printer_address_allowed("network://203.0.113.7:9100", everything)


def test_the_setting_is_a_list_of_subnets_as_text_or_list():
    assert parse_networks("10.0.0.0/8; 192.168.5.0/24") == parse_networks(
        ["10.0.0.0/8", "192.168.5.0/24"])
    assert not printer_address_allowed("network://192.168.1.1", parse_networks("192.168.5.0/24"))
    with pytest.raises(PrinterConfigError):
        parse_networks("10.0.0.0/33")
