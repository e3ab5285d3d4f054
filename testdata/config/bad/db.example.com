$ORIGIN example.com.
$TTL 3600
@   IN SOA ns1.example.com. hostmaster.example.com. ( 2026112901 3600 900 1209600 300 )
    IN NS  ns1.example.com.
ns1 IN A   192.0.2.53
@   IN TXT "v=spf1 include:spf.webcrm.com include:spf.spinoffice-crm.com -all"
_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
