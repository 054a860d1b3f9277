// The Sync Wizard's and Unsynced Entities' "select all" boxes: one per section, ticking every row of it. Each box
// follows its rows (ticked when every row that can be is), and the count next to the button says how many are checked.
document.addEventListener('DOMContentLoaded', function () {
	function rows(section) {
		return Array.from(document.querySelectorAll('input.check[data-section="' + section + '"]'))
			.filter(function (box) { return !box.disabled; });
	}
	function refresh() {
		document.querySelectorAll('input.select-all').forEach(function (all) {
			var boxes = rows(all.dataset.section);
			var ticked = boxes.filter(function (box) { return box.checked; }).length;
			all.checked = boxes.length > 0 && ticked === boxes.length;
			all.indeterminate = ticked > 0 && ticked < boxes.length;
		});
		var count = document.getElementById('checked-count');
		if (count) {
			var all = Array.from(document.querySelectorAll('input.check')).filter(function (box) { return !box.disabled; });
			// a group row of the Import section counts as the items it stands for
			var weight = function (sum, box) { return sum + Number(box.dataset.count || 1); };
			var checked = all.filter(function (box) { return box.checked; }).reduce(weight, 0);
			count.textContent = checked + ' of ' + all.reduce(weight, 0) + ' checked';
		}
	}
	document.querySelectorAll('input.select-all').forEach(function (all) {
		all.addEventListener('change', function () {
			rows(all.dataset.section).forEach(function (box) { box.checked = all.checked; });
			refresh();
		});
	});
	document.querySelectorAll('input.check').forEach(function (box) {
		box.addEventListener('change', refresh);
	});
	refresh();
});
