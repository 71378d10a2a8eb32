"""Many runs of one model: scenarios side by side (`scenarios`)."""
