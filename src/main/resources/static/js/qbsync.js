// The Sync Wizard's and Unsynced Entities' "select all" boxes: one per section, ticking every row of it.
document.addEventListener('DOMContentLoaded', function () {
	document.querySelectorAll('input.select-all').forEach(function (all) {
		all.addEventListener('change', function () {
			document.querySelectorAll('input.check[data-section="' + all.dataset.section + '"]').forEach(function (box) {
				if (!box.disabled) {
					box.checked = all.checked;
				}
			});
		});
	});
});
