/// Placeholder; LiT contrastive training lands here.
