; Example zone for `make demo`: a small company zone with the e-mail
; authentication mistakes zonelint exists to catch. Every one of them is
; taken from a real vendor set-up guide or a real support ticket.
$ORIGIN example.com.
$TTL 3600
@	IN SOA	ns1.example.com. hostmaster.example.com. (
		2026112901 ; serial
		7200       ; refresh
		900        ; retry
		1209600    ; expire
		300 )      ; minimum
	IN NS	ns1.example.com.
	IN NS	ns2.dnshost.example.
ns1	IN A	192.0.2.53
@	IN A	192.0.2.80
www	IN CNAME	example.com.
@	IN MX	10 mail.example.com
mail	IN A	192.0.2.25

; The CRM's guide said "add this TXT record" - so now there are two SPF
; records, and the example address was copied in as it was.
@	IN TXT	"v=spf1 mx include:_spf.google.com ~all"
@	IN TXT	"v=spf1 ip4:111.222.333.444 include:spf.webcrm.com -all"

; A 2048-bit key pasted as one string: BIND refuses it.
s2048._domainkey IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArqnttxD03wLUwoevCvXw4IoyGqGmERUIpDvKBSc2PUz6wlwPhnYYRvrchRrhEE2y6x3XF3XnEcyBLM7xljYldgPBgVIA8vS2723mq4/a/Stiwz/SbE+thbMtm/sB78mVFQL6wt1dP93hCr2BD/yUxG5vgm780y8ihuEaiDTknke9eTCHdYHMo+3/D8dUzvcxJ19M9cMw0A5OKuDfIPTge6hw2qjL0AKXKoGaPti86DFqquaTfDPV+biXwEJgGQP44YNmgNvKljWNkEw7IBp/p0+clAuyS2kspeDHilgFb4FuUVkveRrdZfJeSo07pS4irNZbb2somKkwMadiyQ2yLQIDAQAB"

; A key cut short while copying from a web page.
mailjet._domainkey IN TXT "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCqQUOnQRAiIK0ARQWj4Nv6T0EYCBNvkWRGmcjLPNpuY1klogXEkx2LepF5in8otf8eqew5PwEW4fOdfqZzY5uQBMIBR2ZhY3dbgkOn+Pw8+HCYYN"

; The guide said "dmarc" - the record must be at _dmarc.
dmarc	IN TXT	"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"
