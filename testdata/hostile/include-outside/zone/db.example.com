$ORIGIN example.com.
$TTL 3600
@	IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
@	IN NS ns1
ns1	IN A 192.0.2.1
; files outside the zone's folder: refused unless --allow-include-outside
$INCLUDE ../secret.inc
$INCLUDE link.inc
$INCLUDE /etc/passwd
