"""The ground floor: the domain's shared vocabulary (periods, standards, official units, the workbook's labels,
messages, text and number formats). Every other package may import it; it imports none of them."""
