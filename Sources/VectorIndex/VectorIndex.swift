/// Placeholder; the product-quantized index lands here.
